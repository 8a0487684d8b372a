// The RTCPeerConnections that ClientSession asks the glue to run, one per
// subscription on each side (relayed media): the publisher side gets one
// per subscriberJoined push, the subscriber side one per subscribe call.
//
// The table issues the `peer` outputs (create, close, restartIce, ...) and
// remembers which subscription each pcId belongs to, so SDP and candidates
// can be relayed in both directions.
#ifndef SESSIONCORE_CORE_SESSION_PEER_TABLE_H_
#define SESSIONCORE_CORE_SESSION_PEER_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/protocol/messages.h"
#include "core/session/output.h"

namespace sessioncore::session {

enum class PeerRole { kPublisher, kSubscriber };

struct PeerRecord {
  std::string pc_id;
  PeerRole role = PeerRole::kPublisher;
  std::string owner_id;  // The publisherId or subscriberId.
  std::string stream_id;
  std::string subscription_id;  // Empty until the server assigns it.
  // Local candidates gathered before subscription_id was known.
  std::vector<protocol::CandidateMessage> held_candidates;
  // The last connectionState the glue reported, such as "connected".
  std::string state;
  // ICE restarts ordered since the connection was last connected.
  int ice_restarts = 0;
};

class PeerTable {
 public:
  // Creates a peer connection (a `peer create` output) and returns its
  // pcId: "pc1", "pc2", ... over the life of the session. The output names
  // `subscription_id` and `subscriber_connection_id` when they are not
  // empty, so a publisher's statistics can say which subscriber each peer
  // connection serves.
  std::string Create(PeerRole role, std::string_view owner_id,
                     std::string_view stream_id,
                     std::string_view subscription_id,
                     const Json& rtc_configuration, OutputQueue& out,
                     std::string_view subscriber_connection_id = {});

  PeerRecord* Find(std::string_view pc_id);
  PeerRecord* FindBySubscription(std::string_view subscription_id);

  // Closes one peer connection (a `peer close` output). Unknown pcIds are
  // ignored, so closing twice is harmless.
  void Close(std::string_view pc_id, OutputQueue& out);
  // Closes every peer connection that `owner_id` owns.
  void CloseOwnedBy(std::string_view owner_id, OutputQueue& out);
  void CloseAll(OutputQueue& out);
  // Returns the pcId of every peer connection, in creation order.
  std::vector<std::string> PcIds() const;

  size_t size() const { return peers_.size(); }

 private:
  int next_pc_number_ = 1;
  std::vector<PeerRecord> peers_;
};

}  // namespace sessioncore::session

#endif  // SESSIONCORE_CORE_SESSION_PEER_TABLE_H_
