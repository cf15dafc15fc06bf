#   ESCAPE   =   `
FROM windows
RUN echo `
  cont
