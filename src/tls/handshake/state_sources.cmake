# The handshake state machines (RFC 8446 §4) and what they share.
list(APPEND PARLEY_TLS_SOURCES
  handshake/common.cc
  handshake/describe.cc
  handshake/cert_selection.cc
  handshake/client.cc
  handshake/server.cc
  handshake/server_resumption.cc
  handshake/traffic.cc)
