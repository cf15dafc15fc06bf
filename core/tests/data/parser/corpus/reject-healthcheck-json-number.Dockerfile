FROM alpine
HEALTHCHECK CMD ["curl", 42]
