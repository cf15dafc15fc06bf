FROM alpine
RUN --mount=type=cache,target=/var/cache/apk \
    <<EOF sh
apk add curl
EOF
ONBUILD RUN <<EOF
echo onbuild heredoc
EOF
