FROM alpine
ENV a=1 b="2 3" c='4 5'
ENV c=x\ y
ENV legacy value with spaces
ENV e="" f=
ENV PATH=/usr/local/bin:$PATH \
    LANG=C.UTF-8 \
    TZ=UTC
