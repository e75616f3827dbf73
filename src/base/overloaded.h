// std::visit over a variant with one lambda per alternative:
//   std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, v);
#pragma once

namespace parley {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
// Spelled out for clang 16, which does not deduce aggregates' template arguments (P1816).
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace parley
