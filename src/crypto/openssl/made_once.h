// A libcrypto object made on first use, once, whichever thread asks first:
// what a process never uses (a curve, a group) it never builds, and what it
// uses is built once, not per operation.
#pragma once

#include <mutex>

namespace parley::crypto::ossl {

template <class T>
class MadeOnce {
 public:
  // make() builds the value; it runs at most once (and aborts rather than fail).
  template <class Make>
  const T& get(Make&& make) const {
    std::call_once(once_, [&] { value_ = make(); });
    return value_;
  }

 private:
  mutable std::once_flag once_;
  mutable T value_{};
};

}  // namespace parley::crypto::ossl
