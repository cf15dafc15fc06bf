# a comment first
# escape=`
FROM alpine
RUN echo backslash \
    continues
