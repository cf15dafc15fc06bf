FROM alpine
HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost:8080/health"]
