FROM alpine
LABEL org.opencontainers.image.title="demo" \
      org.opencontainers.image.description="A demo \"image\"" \
      "com.example.quoted key"="value" \
      version=1.0
LABEL legacy label value
