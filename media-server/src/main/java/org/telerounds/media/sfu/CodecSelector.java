package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.RtpCodec;

/**
 * Picks what the SFU accepts from a publisher's m-section: one codec (Opus; VP8 or H.264 in the
 * configured order, H.264 with packetization-mode=1 and constrained baseline preferred), its RTX
 * partner, and the header extensions that stay meaningful end to end.
 */
final class CodecSelector {
  static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
  static final Set<String> FORWARDED_EXTENSIONS = Set.of(
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "urn:3gpp:video-orientation");
  static final List<String> VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb");

  private final List<String> videoPreference;

  CodecSelector(List<String> videoPreference) {
    this.videoPreference = videoPreference;
  }

  /** The chosen codec and its RTX (may be null), or null if nothing offered is supported. */
  RtpCodec[] select(MediaSection m) {
    List<RtpCodec> offered = m.codecs();
    RtpCodec chosen = null;
    if (m.kind().equals("audio")) {
      chosen = offered.stream().filter(c -> c.is("opus") && c.clockRate() == 48000).findFirst().orElse(null);
    } else if (m.kind().equals("video")) {
      for (String name : videoPreference) {
        chosen = offered.stream().filter(c -> c.is(name)).filter(this::usable)
            .sorted((x, y) -> Integer.compare(rank(x), rank(y))).findFirst().orElse(null);
        if (chosen != null) break;
      }
    }
    if (chosen == null) return null;
    RtpCodec main = chosen.withFeedback(m.kind().equals("video") ? VIDEO_FEEDBACK : List.of());
    String apt = Integer.toString(chosen.payloadType());
    RtpCodec rtx = offered.stream().filter(c -> c.is("rtx") && apt.equals(c.fmtpParam("apt")))
        .findFirst().map(c -> c.withFeedback(List.of())).orElse(null);
    return new RtpCodec[] {main, rtx};
  }

  private boolean usable(RtpCodec c) {
    return !c.is("H264") || "1".equals(c.fmtpParam("packetization-mode"));
  }

  private int rank(RtpCodec c) {
    if (!c.is("H264")) return 0;
    String profile = c.fmtpParam("profile-level-id");
    return profile != null && profile.toLowerCase().startsWith("42e0") ? 0 : 1;
  }

  /** Extensions accepted from the publisher: mid (for demux) plus the forwarded ones. */
  static Map<Integer, String> acceptedExtmaps(MediaSection m) {
    Map<Integer, String> out = new LinkedHashMap<>();
    m.extmaps().forEach((id, uri) -> {
      if (uri.equals(MID_URI) || FORWARDED_EXTENSIONS.contains(uri)) out.put(id, uri);
    });
    return out;
  }

  static Map<Integer, String> forwardedExtmaps(Map<Integer, String> accepted) {
    Map<Integer, String> out = new LinkedHashMap<>(accepted);
    out.values().removeIf(uri -> !FORWARDED_EXTENSIONS.contains(uri));
    return out;
  }

  static List<RtpCodec> list(RtpCodec[] pair) {
    List<RtpCodec> l = new ArrayList<>();
    l.add(pair[0]);
    if (pair[1] != null) l.add(pair[1]);
    return l;
  }
}
