# Key schedule and transcript (RFC 8446 §7, §4.4.1); the handshake state
# machines join this list.
list(APPEND PARLEY_TLS_SOURCES
  handshake/transcript.cc
  handshake/key_schedule.cc
  handshake/psk.cc)
