//! Reading container images: `docker inspect` output, image configs, `docker save` and OCI archives (being written).
