package org.telerounds.media.sdp;

import java.util.List;
import java.util.Locale;

/** One payload type from an m-section: rtpmap, fmtp and rtcp-fb lines together. */
public record RtpCodec(int payloadType, String name, int clockRate, int channels, String fmtp,
    List<String> feedback) {

  public boolean is(String codecName) {
    return name.equalsIgnoreCase(codecName);
  }

  /** The value of one fmtp parameter (e.g. "apt", "packetization-mode"), or null. */
  public String fmtpParam(String key) {
    if (fmtp == null) return null;
    for (String kv : fmtp.split(";")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key)) {
        return kv.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The rtpmap value, e.g. "opus/48000/2". */
  public String rtpmap() {
    return name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
  }

  public RtpCodec withFeedback(List<String> fb) {
    return new RtpCodec(payloadType, name, clockRate, channels, fmtp, fb);
  }
}
