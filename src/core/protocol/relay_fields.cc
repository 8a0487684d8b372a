// Field handlers of the messages that a client sends and the server relays
// unchanged to the other side of a subscription.
#include "core/protocol/fields.h"

namespace sessioncore::protocol {

void ReadFields(FieldReader& reader, SdpMessage& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.ReadEnum("sdpType", out.sdp_type, &ParseSdpType, "offer, answer");
  reader.Read("sdp", out.sdp);
}

void WriteFields(Json& json, const SdpMessage& message) {
  json["subscriptionId"] = message.subscription_id;
  json["sdpType"] = SdpTypeName(message.sdp_type);
  json["sdp"] = message.sdp;
}

void ReadFields(FieldReader& reader, CandidateMessage& out) {
  reader.Read("subscriptionId", out.subscription_id);
  reader.Read("candidate", out.candidate);
  reader.ReadNullable("sdpMid", out.sdp_mid);
  reader.ReadNullable("sdpMLineIndex", out.sdp_m_line_index);
}

void WriteFields(Json& json, const CandidateMessage& message) {
  json["subscriptionId"] = message.subscription_id;
  json["candidate"] = message.candidate;
  json["sdpMid"] = message.sdp_mid ? Json(*message.sdp_mid) : Json(nullptr);
  json["sdpMLineIndex"] = message.sdp_m_line_index
                              ? Json(*message.sdp_m_line_index)
                              : Json(nullptr);
}

}  // namespace sessioncore::protocol
