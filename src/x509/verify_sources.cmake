# Path validation (RFC 5280 §6); included by CMakeLists.txt in this folder.
list(APPEND PARLEY_X509_SOURCES
  hostname.cc
  name_constraints.cc
  trust_store.cc
  signature_cache.cc
  path_builder.cc
  verify.cc
  revocation.cc
  report.cc
  chain_check.cc)
