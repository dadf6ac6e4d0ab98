package org.telerounds.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One parsed m-section: its m= line and its attributes, in order. Immutable once parsed. */
public final class MediaSection {
  private final String kind;
  private final int port;
  private final String proto;
  private final List<String> formats;
  private final List<String[]> attributes;
  private final SessionDescription session;

  MediaSection(String kind, int port, String proto, List<String> formats, List<String[]> attributes,
      SessionDescription session) {
    this.kind = kind;
    this.port = port;
    this.proto = proto;
    this.formats = List.copyOf(formats);
    this.attributes = attributes;
    this.session = session;
  }

  public String kind() { return kind; }
  public int port() { return port; }
  public String proto() { return proto; }
  public List<String> formats() { return formats; }

  /** First value of attribute {@code name} here, falling back to the session level. */
  public String attr(String name) {
    for (String[] a : attributes) {
      if (a[0].equals(name)) return a[1];
    }
    return session.sessionAttr(name);
  }

  /** All values of attribute {@code name} in this section. */
  public List<String> attrs(String name) {
    List<String> out = new ArrayList<>();
    for (String[] a : attributes) {
      if (a[0].equals(name)) out.add(a[1]);
    }
    return out;
  }

  public boolean has(String name) {
    return attributes.stream().anyMatch(a -> a[0].equals(name));
  }

  public String mid() { return attr("mid"); }

  /** sendrecv, sendonly, recvonly or inactive (sendrecv when absent). */
  public String direction() {
    for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
      if (has(d)) return d;
    }
    String s = session.sessionAttr("inactive") != null ? "inactive" : null;
    return s != null ? s : "sendrecv";
  }

  public boolean rejected() { return port == 0; }

  /** The codecs in format order, with their fmtp and rtcp-fb lines. */
  public List<RtpCodec> codecs() {
    List<RtpCodec> out = new ArrayList<>();
    for (String f : formats) {
      int pt;
      try {
        pt = Integer.parseInt(f);
      } catch (NumberFormatException e) {
        continue;
      }
      String rtpmap = valueFor("rtpmap", pt);
      if (rtpmap == null) continue;
      String[] p = rtpmap.split("/");
      if (p.length == 0) continue; // "a=rtpmap:111 /": no name (a fuzzing finding)
      try {
        out.add(new RtpCodec(pt, p[0], p.length > 1 ? Integer.parseInt(p[1]) : 90000,
            p.length > 2 ? Integer.parseInt(p[2]) : 1, valueFor("fmtp", pt), feedbackFor(pt)));
      } catch (NumberFormatException e) {
        // a malformed rtpmap is skipped, not fatal
      }
    }
    return out;
  }

  /** extmap id to URI. */
  public Map<Integer, String> extmaps() {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (String v : attrs("extmap")) {
      String[] p = SdpText.words(v);
      try {
        out.put(Integer.parseInt(p[0].split("/")[0]), p[1]);
      } catch (RuntimeException e) {
        // skip malformed extmap
      }
    }
    return out;
  }

  /** The extmap id for {@code uri}, or -1. */
  public int extmapId(String uri) {
    return extmaps().entrySet().stream().filter(e -> e.getValue().equals(uri))
        .mapToInt(Map.Entry::getKey).findFirst().orElse(-1);
  }

  /** SSRCs named in a=ssrc lines, in order of first appearance. */
  public List<Long> ssrcs() {
    List<Long> out = new ArrayList<>();
    for (String v : attrs("ssrc")) {
      try {
        long s = Long.parseLong(SdpText.words(v)[0]);
        if (!out.contains(s)) out.add(s);
      } catch (NumberFormatException e) {
        // skip
      }
    }
    return out;
  }

  /** The FID (RTX) pair media-&gt;rtx from a=ssrc-group:FID, or an empty map. */
  public Map<Long, Long> fidGroups() {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (String v : attrs("ssrc-group")) {
      String[] p = SdpText.words(v);
      if (p.length == 3 && p[0].equals("FID")) {
        try {
          out.put(Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (NumberFormatException e) {
          // skip
        }
      }
    }
    return out;
  }

  private String valueFor(String attr, int pt) {
    String prefix = pt + " ";
    for (String v : attrs(attr)) {
      if (v.startsWith(prefix)) return v.substring(prefix.length()).trim();
    }
    return null;
  }

  private List<String> feedbackFor(int pt) {
    String prefix = pt + " ";
    List<String> out = new ArrayList<>();
    for (String v : attrs("rtcp-fb")) {
      if (v.startsWith(prefix)) out.add(v.substring(prefix.length()).trim());
    }
    return out;
  }
}
