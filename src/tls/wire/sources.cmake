# TLS 1.3 handshake messages and extensions (RFC 8446 §4).
list(APPEND PARLEY_TLS_SOURCES
  wire/extensions.cc
  wire/client_hello.cc
  wire/server_hello.cc
  wire/encrypted_extensions.cc
  wire/certificate_request.cc
  wire/certificate.cc
  wire/certificate_status.cc
  wire/certificate_verify.cc
  wire/finished.cc
  wire/key_update.cc
  wire/new_session_ticket.cc
  wire/end_of_early_data.cc
  wire/handshake.cc)
