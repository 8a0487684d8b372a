// setPreferredLayer on the subscriber side (validation, then the request)
// and preferredLayer on the publisher side (a setSenderLimits command).
#include <gtest/gtest.h>

#include "core/session/preferred_layer.h"
#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

struct LayerCase {
  std::optional<int> width;
  std::optional<int> height;
  std::optional<int> frame_rate;
  const char* message_part;  // Empty for a valid layer.
};

TEST(CheckPreferredLayer, AcceptsAndRejectsPerRule) {
  const LayerCase cases[] = {
      {std::nullopt, std::nullopt, std::nullopt, ""},
      {320, 240, 15, ""},
      {7680, 4320, 60, ""},
      {1, 1, 1, ""},
      {std::nullopt, std::nullopt, 30, ""},
      {320, std::nullopt, std::nullopt, "a width but no height"},
      {std::nullopt, 240, std::nullopt, "a height but no width"},
      {0, 240, std::nullopt, "width is 0"},
      {7681, 240, std::nullopt, "width is 7681"},
      {320, 4321, std::nullopt, "height is 4321"},
      {320, -5, std::nullopt, "height is -5"},
      {std::nullopt, std::nullopt, 0, "frame rate is 0"},
      {std::nullopt, std::nullopt, 61, "frame rate is 61"},
  };
  for (const LayerCase& c : cases) {
    absl::Status status = CheckPreferredLayer(c.width, c.height, c.frame_rate);
    if (std::string(c.message_part).empty()) {
      EXPECT_TRUE(status.ok()) << status;
      continue;
    }
    ASSERT_FALSE(status.ok()) << c.message_part;
    EXPECT_EQ(GetErrorCode(status), ErrorCode::kInvalidParameter);
    EXPECT_NE(status.message().find(c.message_part), absl::string_view::npos)
        << status.message();
  }
}

class LayerTest : public SessionTest {
 protected:
  // Connects as A and subscribes sub1 to B's stream SB as SUB1.
  void Subscribe() {
    protocol::Snapshot snapshot = MakeSnapshot("A");
    snapshot.connections = {MakeConnection("B")};
    snapshot.streams = {MakeStream("SB", "B")};
    Connect(snapshot);
    session_.Subscribe("sub1", "SB", 2);
    Reply(IdOf(Take(), "subscribe"), protocol::SubscribeResult{"SUB1"});
    Take();
  }
};

TEST_F(LayerTest, SendsRequestForTheSubscription) {
  Subscribe();
  session_.SetPreferredLayer("sub1", 320, 240, 15, 5);
  Outputs outputs = Take();
  std::optional<protocol::SetPreferredLayerRequest> request =
      LastSent<protocol::SetPreferredLayerRequest>(outputs);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->subscription_id, "SUB1");
  EXPECT_EQ(request->max_width, 320);
  EXPECT_EQ(request->max_height, 240);
  EXPECT_EQ(request->max_frame_rate, 15);
  EXPECT_TRUE(CompletionsOf(outputs, 5).empty());
  Reply(IdOf(outputs, "setPreferredLayer"), protocol::EmptyResult{});
  EXPECT_EQ(CompletionCode(Take(), 5), 0);
}

TEST_F(LayerTest, AbsentLimitsAreLeftOut) {
  Subscribe();
  session_.SetPreferredLayer("SUB1", std::nullopt, std::nullopt, 10, 6);
  std::optional<protocol::SetPreferredLayerRequest> request =
      LastSent<protocol::SetPreferredLayerRequest>(Take());
  ASSERT_TRUE(request.has_value());
  EXPECT_FALSE(request->max_width.has_value());
  EXPECT_FALSE(request->max_height.has_value());
  EXPECT_EQ(request->max_frame_rate, 10);
}

TEST_F(LayerTest, InvalidLayerSendsNothing) {
  Subscribe();
  session_.SetPreferredLayer("sub1", 320, std::nullopt, std::nullopt, 7);
  session_.SetPreferredLayer("sub1", 8000, 240, std::nullopt, 8);
  session_.SetPreferredLayer("sub1", std::nullopt, std::nullopt, 120, 9);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 7), 1011);
  EXPECT_EQ(CompletionCode(outputs, 8), 1011);
  EXPECT_EQ(CompletionCode(outputs, 9), 1011);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(LayerTest, UnknownSubscriberIsNotFound) {
  Subscribe();
  session_.SetPreferredLayer("nobody", 320, 240, std::nullopt, 10);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 10), 404);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(LayerTest, BeforeSubscribeCompletesIsIllegalState) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.streams = {MakeStream("SB", "B")};
  Connect(snapshot);
  session_.Subscribe("sub1", "SB", 2);
  Take();
  session_.SetPreferredLayer("sub1", 320, 240, std::nullopt, 11);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 11), 1015);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(LayerTest, NotConnectedFails) {
  session_.SetPreferredLayer("sub1", 320, 240, std::nullopt, 12);
  EXPECT_EQ(CompletionCode(Take(), 12), 1010);
}

TEST_F(LayerTest, PublisherAppliesSenderLimits) {
  protocol::Snapshot snapshot = MakeSnapshot("A");
  snapshot.connections = {MakeConnection("B")};
  Connect(snapshot);
  PublishAs("pub1", "SA", "A", 2);
  Push(protocol::SubscriberJoinedPush{"SUB7", "SA", "B"});
  std::string pc_id = OfKind(Take(), "peer")[0]["pcId"].AsString();
  Push(protocol::PreferredLayerPush{"SUB7", "SA", 320, 240, std::nullopt});
  Outputs peers = OfKind(Take(), "peer");
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0]["op"], "setSenderLimits");
  EXPECT_EQ(peers[0]["pcId"], pc_id);
  EXPECT_EQ(peers[0]["maxWidth"], 320);
  EXPECT_EQ(peers[0]["maxHeight"], 240);
  EXPECT_TRUE(peers[0]["maxFrameRate"].IsNull());
}

}  // namespace
}  // namespace sessioncore::session::testing
