FROM alpine
RUN apk add --no-cache \
# a comment in the middle
    curl \
    # indented comment
    git \

    make
RUN echo done
