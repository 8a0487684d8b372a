// Integration tests of the setPreferredLayer relay: the subscriber of a
// subscription sends its preferred resolution and frame rate, and the
// server passes them to the publisher of that subscription only.
#include <string>

#include "gtest/gtest.h"
#include "server_harness.h"

namespace sessioncore::server::testing {
namespace {

// A publisher, a subscriber of its stream and a third client, all in one
// session.
struct Trio {
  Joined publisher;
  Joined subscriber;
  Joined bystander;
  std::string stream_id;
  std::string subscription_id;
};

Trio MakeTrio(const TestServer& server) {
  Trio trio;
  std::string session = server.NewSessionId();
  trio.publisher = Join(server, session);
  trio.stream_id = Publish(*trio.publisher.client);
  trio.subscriber = Join(server, session);
  trio.bystander = Join(server, session);
  json response = trio.subscriber.client->Request(
      "subscribe", {{"streamId", trio.stream_id}});
  EXPECT_TRUE(response.contains("result")) << response.dump();
  if (response.contains("result")) {
    trio.subscription_id = response["result"]["subscriptionId"];
  }
  return trio;
}

TEST(ServerPreferredLayer, RelaysLimitsToPublisher) {
  TestServer server;
  Trio trio = MakeTrio(server);
  json response = trio.subscriber.client->Request(
      "setPreferredLayer", {{"subscriptionId", trio.subscription_id},
                            {"maxWidth", 320},
                            {"maxHeight", 240},
                            {"maxFrameRate", 15}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"], json::object());
  std::optional<json> push = trio.publisher.client->NextPush("preferredLayer");
  ASSERT_TRUE(push.has_value());
  EXPECT_EQ((*push)["subscriptionId"], trio.subscription_id);
  EXPECT_EQ((*push)["streamId"], trio.stream_id);
  EXPECT_EQ((*push)["maxWidth"], 320);
  EXPECT_EQ((*push)["maxHeight"], 240);
  EXPECT_EQ((*push)["maxFrameRate"], 15);
}

TEST(ServerPreferredLayer, AbsentLimitsStayAbsent) {
  TestServer server;
  Trio trio = MakeTrio(server);
  json response = trio.subscriber.client->Request(
      "setPreferredLayer",
      {{"subscriptionId", trio.subscription_id}, {"maxFrameRate", 7}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  std::optional<json> push = trio.publisher.client->NextPush("preferredLayer");
  ASSERT_TRUE(push.has_value());
  EXPECT_EQ((*push)["maxFrameRate"], 7);
  EXPECT_FALSE(push->contains("maxWidth")) << push->dump();
  EXPECT_FALSE(push->contains("maxHeight")) << push->dump();
}

TEST(ServerPreferredLayer, OthersSubscriptionGets404) {
  TestServer server;
  Trio trio = MakeTrio(server);
  for (WsClient* sender :
       {trio.bystander.client.get(), trio.publisher.client.get()}) {
    json response = sender->Request(
        "setPreferredLayer",
        {{"subscriptionId", trio.subscription_id}, {"maxFrameRate", 5}});
    EXPECT_EQ(ErrorCodeOf(response), 404) << response.dump();
    ASSERT_TRUE(response.contains("error")) << response.dump();
    EXPECT_NE(response["error"]["message"].get<std::string>().find(
                  trio.subscription_id),
              std::string::npos)
        << response.dump();
  }
  std::vector<json> seen =
      trio.publisher.client->Drain(trio.publisher.connection_id);
  for (const json& push : seen) {
    EXPECT_NE(push["type"], "preferredLayer") << push.dump();
  }
}

TEST(ServerPreferredLayer, UnknownSubscriptionGets404) {
  TestServer server;
  Trio trio = MakeTrio(server);
  json response = trio.subscriber.client->Request(
      "setPreferredLayer", {{"subscriptionId", "no-such-subscription"},
                            {"maxWidth", 320},
                            {"maxHeight", 240}});
  EXPECT_EQ(ErrorCodeOf(response), 404) << response.dump();
}

}  // namespace
}  // namespace sessioncore::server::testing
