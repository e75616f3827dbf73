# The sans-I/O Connection and the public API's helpers.
list(APPEND PARLEY_TLS_SOURCES
  config.cc
  events.cc
  connection.cc)
