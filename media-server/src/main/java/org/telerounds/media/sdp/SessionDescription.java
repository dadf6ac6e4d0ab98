package org.telerounds.media.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed SDP (RFC 8866) as browsers write it for WebRTC: session attributes and m-sections. The
 * parser is lenient about unknown lines and strict about what the SFU relies on: it rejects input
 * without a version line, with a malformed m= line, or beyond 64 KiB and 64 m-sections.
 */
public final class SessionDescription {
  public static final int MAX_LENGTH = 64 * 1024;
  public static final int MAX_SECTIONS = 64;
  private final List<String[]> sessionAttributes = new ArrayList<>();
  private final List<MediaSection> media = new ArrayList<>();

  private SessionDescription() {}

  public static SessionDescription parse(String sdp) throws SdpException {
    if (sdp == null || sdp.isBlank()) throw new SdpException("empty SDP");
    if (sdp.length() > MAX_LENGTH) throw new SdpException("SDP larger than 64 KiB");
    String[] lines = SdpText.lines(sdp);
    if (!lines[0].startsWith("v=0")) throw new SdpException("SDP must start with v=0");
    SessionDescription d = new SessionDescription();
    String[] mline = null;
    List<String[]> attrs = d.sessionAttributes;
    for (String line : lines) {
      if (line.length() < 2 || line.charAt(1) != '=') continue;
      char t = line.charAt(0);
      String v = line.substring(2);
      if (t == 'm') {
        if (mline != null) d.addSection(mline, attrs);
        mline = SdpText.words(v.trim());
        if (mline.length < 3) throw new SdpException("malformed m= line");
        attrs = new ArrayList<>();
      } else if (t == 'a') {
        int colon = v.indexOf(':');
        attrs.add(colon < 0 ? new String[] {v.trim(), ""}
            : new String[] {v.substring(0, colon), v.substring(colon + 1).trim()});
      }
    }
    if (mline != null) d.addSection(mline, attrs);
    return d;
  }

  private void addSection(String[] m, List<String[]> attrs) throws SdpException {
    if (media.size() >= MAX_SECTIONS) throw new SdpException("more than 64 m-sections");
    int port;
    try {
      int slash = m[1].indexOf('/'); // "port" or "port/count"; "/" alone has no port (a fuzzing finding)
      port = Integer.parseInt(slash < 0 ? m[1] : m[1].substring(0, slash));
    } catch (NumberFormatException e) {
      throw new SdpException("malformed port in m= line");
    }
    media.add(new MediaSection(m[0], port, m[2], Arrays.asList(m).subList(3, m.length), attrs, this));
  }

  public List<MediaSection> media() { return List.copyOf(media); }

  /** A session-level attribute value, or null. */
  public String sessionAttr(String name) {
    for (String[] a : sessionAttributes) {
      if (a[0].equals(name)) return a[1];
    }
    return null;
  }

  /** The ICE ufrag, ICE password and SHA-256 fingerprint of the first bundled section. */
  public TransportParams transportParams() throws SdpException {
    for (MediaSection m : media) {
      if (m.rejected()) continue;
      String ufrag = m.attr("ice-ufrag");
      String pwd = m.attr("ice-pwd");
      String fp = m.attr("fingerprint");
      if (ufrag == null || pwd == null) throw new SdpException("missing ICE credentials");
      if (fp == null || !fp.toLowerCase().startsWith("sha-256 ")) {
        throw new SdpException("missing sha-256 DTLS fingerprint");
      }
      return new TransportParams(ufrag, pwd, fp.substring(8).trim(), m.attr("setup"));
    }
    throw new SdpException("no usable m-section");
  }

  /** The peer's transport parameters from its SDP. */
  public record TransportParams(String iceUfrag, String icePwd, String fingerprint, String setup) {
    @Override
    public String toString() {
      return "TransportParams[ufrag=" + iceUfrag + ", setup=" + setup + "]";
    }
  }
}
