# Session resumption (RFC 8446 §2.2, §4.6.1, §8): ticket keys, the key file,
# the session state a ticket carries and the 0-RTT replay register.
list(APPEND PARLEY_TLS_SOURCES
  session/ticket_keys_file.cc
  session/ticket_keys.cc
  session/session_state.cc
  session/replay_register.cc
  session/process_defaults.cc)
