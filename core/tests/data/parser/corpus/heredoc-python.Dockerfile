# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN python3 <<EOF
with open("/hello", "w") as f:
    print("Hello", file=f)
    print("World", file=f)
EOF
RUN cat <<EOF > /etc/app.conf
port=8080
FROM this is not an instruction
EOF
CMD ["python3", "-c", "print(open('/hello').read())"]
