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
  static final String TWCC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  static final String REPAIRED_RID_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
  static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  static final String VIDEO_ORIENTATION_URI = "urn:3gpp:video-orientation";
  static final Set<String> FORWARDED_EXTENSIONS = Set.of(AUDIO_LEVEL_URI, VIDEO_ORIENTATION_URI);
  /**
   * The ids the server offers subscribers, the same in every m-section of the bundle: forwarded
   * elements are rewritten from the publisher's ids to these ({@link #subscriberIdMap}), and the
   * server's own transport-wide sequence number goes under {@link #SUBSCRIBER_TWCC_ID}.
   */
  static final Map<String, Integer> SUBSCRIBER_IDS = Map.of(AUDIO_LEVEL_URI, 1, TWCC_URI, 3, VIDEO_ORIENTATION_URI, 13);
  static final int SUBSCRIBER_TWCC_ID = 3;
  static final List<String> VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb");
  static final String TRANSPORT_CC = "transport-cc";

  private final List<String> videoPreference;
  private final boolean twcc;

  CodecSelector(List<String> videoPreference) {
    this(videoPreference, false);
  }

  /** With {@code twcc}, transport-wide congestion control is negotiated on every m-section. */
  CodecSelector(List<String> videoPreference, boolean twcc) {
    this.videoPreference = videoPreference;
    this.twcc = twcc;
  }

  boolean twcc() { return twcc; }

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
    List<String> feedback = new ArrayList<>(m.kind().equals("video") ? VIDEO_FEEDBACK : List.of());
    if (twcc && m.extmapId(TWCC_URI) > 0) feedback.add(TRANSPORT_CC);
    RtpCodec main = chosen.withFeedback(feedback);
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
    return acceptedExtmaps(m, false);
  }

  /** As {@link #acceptedExtmaps(MediaSection)}, plus transport-wide CC when {@code twcc}. */
  static Map<Integer, String> acceptedExtmaps(MediaSection m, boolean twcc) {
    return acceptedExtmaps(m, twcc, false);
  }

  /**
   * As {@link #acceptedExtmaps(MediaSection, boolean)}, plus the rid and repaired-rid extensions
   * when the section sends {@code simulcast} (they name each packet's layer until SSRCs are known).
   */
  static Map<Integer, String> acceptedExtmaps(MediaSection m, boolean twcc, boolean simulcast) {
    Map<Integer, String> out = new LinkedHashMap<>();
    m.extmaps().forEach((id, uri) -> {
      if (uri.equals(MID_URI) || FORWARDED_EXTENSIONS.contains(uri) || twcc && uri.equals(TWCC_URI)
          || simulcast && (uri.equals(RID_URI) || uri.equals(REPAIRED_RID_URI))) {
        out.put(id, uri);
      }
    });
    return out;
  }

  /** Publisher id to subscriber id for the forwarded extensions (index: the publisher's id). */
  static byte[] subscriberIdMap(Map<Integer, String> forwarded) {
    byte[] map = new byte[256];
    forwarded.forEach((id, uri) -> {
      Integer to = SUBSCRIBER_IDS.get(uri);
      if (to != null && id >= 1 && id <= 255 && FORWARDED_EXTENSIONS.contains(uri)) map[id] = to.byteValue();
    });
    return map;
  }

  /** The extmaps of a subscriber's m-section: the forwarded ones under the server's ids, and TWCC. */
  static Map<Integer, String> subscriberExtmaps(Map<Integer, String> forwarded, boolean twcc) {
    Map<Integer, String> out = new java.util.TreeMap<>();
    forwarded.values().forEach(uri -> {
      if (FORWARDED_EXTENSIONS.contains(uri)) out.put(SUBSCRIBER_IDS.get(uri), uri);
    });
    if (twcc) out.put(SUBSCRIBER_TWCC_ID, TWCC_URI);
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
