// CompactDeque: a std::deque that exists only while it has elements.
//
// libstdc++'s std::deque allocates a 64-byte map and a 512-byte node even
// when empty. A connection keeps a few queues that are empty almost all the
// time, so this wrapper allocates the deque on the first push and frees it
// when the last element is popped.
#ifndef SESSIONCORE_SERVER_COMPACT_DEQUE_H_
#define SESSIONCORE_SERVER_COMPACT_DEQUE_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <utility>

namespace sessioncore::server {

// Supports the subset of std::deque that the server uses. front() and
// pop_front() require a non-empty deque, as for std::deque.
template <typename T>
class CompactDeque {
 public:
  using const_iterator = typename std::deque<T>::const_iterator;

  bool empty() const { return items_ == nullptr; }
  std::size_t size() const { return items_ ? items_->size() : 0; }

  T& front() { return items_->front(); }
  const T& front() const { return items_->front(); }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (!items_) items_ = std::make_unique<std::deque<T>>();
    return items_->emplace_back(std::forward<Args>(args)...);
  }

  void pop_front() {
    items_->pop_front();
    if (items_->empty()) items_.reset();
  }

  void clear() { items_.reset(); }

  const_iterator begin() const {
    return items_ ? items_->cbegin() : Empty().cbegin();
  }
  const_iterator end() const {
    return items_ ? items_->cend() : Empty().cend();
  }

 private:
  // Iterators of an empty CompactDeque come from this shared empty deque,
  // so that begin() == end().
  static const std::deque<T>& Empty() {
    static const std::deque<T>* empty = new std::deque<T>();
    return *empty;
  }

  std::unique_ptr<std::deque<T>> items_;  // Null when empty.
};

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_COMPACT_DEQUE_H_
