# syntax=docker/dockerfile:1.7
# escape=\
FROM alpine
# escape=`
RUN echo not a directive anymore \
    continued
