# Certificate and CRL parsing (RFC 5280 §4, §5); included by CMakeLists.txt in this folder.
list(APPEND PARLEY_X509_SOURCES
  certificate.cc
  algorithm.cc
  name.cc
  general_names.cc
  extensions.cc
  crl.cc
  credentials.cc)
