#include "core/session/peer_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sessioncore::session {

std::string PeerTable::Create(PeerRole role, std::string_view owner_id,
                              std::string_view stream_id,
                              std::string_view subscription_id,
                              const Json& rtc_configuration, OutputQueue& out,
                              std::string_view subscriber_connection_id) {
  PeerRecord record;
  record.pc_id = absl::StrCat("pc", next_pc_number_++);
  record.role = role;
  record.owner_id = std::string(owner_id);
  record.stream_id = std::string(stream_id);
  record.subscription_id = std::string(subscription_id);
  Json fields = {
      {"role", role == PeerRole::kPublisher ? "publisher" : "subscriber"},
      {"streamId", record.stream_id},
      {"rtcConfiguration", rtc_configuration}};
  if (!subscription_id.empty()) fields["subscriptionId"] = subscription_id;
  if (!subscriber_connection_id.empty()) {
    fields["subscriberConnectionId"] = subscriber_connection_id;
  }
  out.Peer("create", record.pc_id, std::move(fields));
  peers_.push_back(std::move(record));
  return peers_.back().pc_id;
}

PeerRecord* PeerTable::Find(std::string_view pc_id) {
  for (PeerRecord& peer : peers_) {
    if (peer.pc_id == pc_id) return &peer;
  }
  return nullptr;
}

PeerRecord* PeerTable::FindBySubscription(std::string_view subscription_id) {
  if (subscription_id.empty()) return nullptr;
  for (PeerRecord& peer : peers_) {
    if (peer.subscription_id == subscription_id) return &peer;
  }
  return nullptr;
}

void PeerTable::Close(std::string_view pc_id, OutputQueue& out) {
  auto it = std::find_if(peers_.begin(), peers_.end(),
                         [&](const PeerRecord& p) { return p.pc_id == pc_id; });
  if (it == peers_.end()) return;
  out.Peer("close", it->pc_id);
  peers_.erase(it);
}

void PeerTable::CloseOwnedBy(std::string_view owner_id, OutputQueue& out) {
  std::vector<std::string> closing;
  for (const PeerRecord& peer : peers_) {
    if (peer.owner_id == owner_id) closing.push_back(peer.pc_id);
  }
  for (const std::string& pc_id : closing) Close(pc_id, out);
}

void PeerTable::CloseAll(OutputQueue& out) {
  for (const PeerRecord& peer : peers_) out.Peer("close", peer.pc_id);
  peers_.clear();
}

std::vector<std::string> PeerTable::PcIds() const {
  std::vector<std::string> ids;
  for (const PeerRecord& peer : peers_) ids.push_back(peer.pc_id);
  return ids;
}

}  // namespace sessioncore::session
