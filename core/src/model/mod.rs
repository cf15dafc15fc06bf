//! The semantic model of a Dockerfile: stages, base images, variables, users (being written).
