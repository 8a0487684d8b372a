// Unit tests of CompactDeque, the queue that owns no memory while empty.
#include "server/compact_deque.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sessioncore::server {
namespace {

TEST(CompactDeque, EmptyIteratesNothing) {
  CompactDeque<int> deque;
  EXPECT_TRUE(deque.empty());
  EXPECT_EQ(deque.size(), 0u);
  EXPECT_EQ(deque.begin(), deque.end());
}

TEST(CompactDeque, KeepsOrderThroughPops) {
  CompactDeque<std::string> deque;
  deque.emplace_back("a");
  deque.emplace_back("b");
  deque.emplace_back("c");
  EXPECT_EQ(deque.size(), 3u);
  EXPECT_EQ(deque.front(), "a");
  deque.pop_front();
  std::vector<std::string> rest(deque.begin(), deque.end());
  EXPECT_EQ(rest, (std::vector<std::string>{"b", "c"}));
}

TEST(CompactDeque, EmptyAgainAfterLastPop) {
  CompactDeque<int> deque;
  deque.emplace_back(1);
  deque.pop_front();
  EXPECT_TRUE(deque.empty());
  EXPECT_EQ(deque.begin(), deque.end());
  deque.emplace_back(2);
  EXPECT_EQ(deque.front(), 2);
}

TEST(CompactDeque, ClearEmpties) {
  CompactDeque<int> deque;
  deque.emplace_back(1);
  deque.emplace_back(2);
  deque.clear();
  EXPECT_TRUE(deque.empty());
  EXPECT_EQ(deque.size(), 0u);
}

TEST(CompactDeque, MovesItsElements) {
  CompactDeque<int> source;
  source.emplace_back(7);
  CompactDeque<int> target = std::move(source);
  EXPECT_EQ(target.size(), 1u);
  EXPECT_EQ(target.front(), 7);
}

}  // namespace
}  // namespace sessioncore::server
