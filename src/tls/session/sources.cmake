# Sessions (RFC 8446 §2.2): the client's ticket cache.
list(APPEND PARLEY_TLS_SOURCES
  session/client_cache.cc)
