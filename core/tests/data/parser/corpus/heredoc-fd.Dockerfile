FROM alpine
RUN cat 3<<EOF
fd three
EOF
RUN cat <<E"O"F
quoted in the middle
EOF
