# syntax=docker/dockerfile:1

# escape=`
FROM alpine
RUN echo \
  x
