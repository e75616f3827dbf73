# The adapter from the handshake's verifier interfaces to src/x509.
list(APPEND PARLEY_TLS_SOURCES
  verify/x509_verifier.cc)
