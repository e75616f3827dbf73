# The record layer (RFC 8446 §5).
list(APPEND PARLEY_TLS_SOURCES
  record/record_protection.cc
  record/io_buffer.cc
  record/deframer.cc
  record/handshake_reassembler.cc
  record/record_writer.cc
  record/dos_counters.cc)
