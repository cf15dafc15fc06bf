FROM alpine
ONBUILD RUN ["a", null]
