package org.telerounds.media.sdp;

import java.util.List;
import java.util.Map;

/**
 * Writes the server's SDPs: ICE-lite, BUNDLE over all non-rejected sections, rtcp-mux, one host
 * candidate per advertised address, and the DTLS fingerprint. The SFU decides what goes in each
 * section ({@link Section}); this class only formats.
 */
public final class SdpWriter {
  /** What the server says about one m-section. {@code direction} null means rejected. */
  public record Section(String kind, String mid, String direction, List<RtpCodec> codecs,
      Map<Integer, String> extmaps, String msid, List<long[]> ssrcGroupsFid, List<Long> ssrcs, String cname,
      String rejectedLine, List<String> extraAttributes) {
    public Section {
      extraAttributes = extraAttributes == null ? List.of() : List.copyOf(extraAttributes);
    }

    /** This section with more attribute lines (each without {@code a=}), written after the codecs. */
    public Section withAttributes(List<String> more) {
      List<String> all = new java.util.ArrayList<>(extraAttributes);
      all.addAll(more);
      return new Section(kind, mid, direction, codecs, extmaps, msid, ssrcGroupsFid, ssrcs, cname, rejectedLine, all);
    }

    /** Mirrors an offered section the server declines: port 0, same proto and formats. */
    public static Section rejected(MediaSection offered) {
      return new Section(offered.kind(), offered.mid(), null, List.of(), Map.of(), null, List.of(), List.of(), null,
          "m=" + offered.kind() + " 0 " + offered.proto() + " " + String.join(" ", offered.formats()), List.of());
    }

    /** A section the server sends media on (sendonly) or keeps open but idle (inactive). */
    public static Section media(String kind, String mid, String direction, List<RtpCodec> codecs,
        Map<Integer, String> extmaps, String msid, List<long[]> fid, List<Long> ssrcs, String cname) {
      return new Section(kind, mid, direction, codecs, extmaps, msid, fid, ssrcs, cname, null, List.of());
    }
  }

  /** The server's transport parameters, shared by all sections (BUNDLE). */
  public record LocalTransport(String ufrag, String pwd, String fingerprint, String setup,
      List<String> addresses, int port, int tcpPort) {
    /** Without an ICE-TCP candidate. */
    public LocalTransport(String ufrag, String pwd, String fingerprint, String setup, List<String> addresses, int port) {
      this(ufrag, pwd, fingerprint, setup, addresses, port, 0);
    }
  }

  /** Priority of the UDP host candidates: type preference 126 (host), local preference 65535, component 1. */
  static final long UDP_PRIORITY = 2130706431L;
  /**
   * Priority of the passive TCP host candidates (RFC 6544 §4.2): type preference 126, local
   * preference (direction-pref passive 4) << 13 | other-pref 8191, component 1; below every UDP one.
   */
  static final long TCP_PRIORITY = (126L << 24) | (((4L << 13) | 8191L) << 8) | 255L;

  private SdpWriter() {}

  public static String write(long sessionId, long version, LocalTransport t, List<Section> sections) {
    StringBuilder sb = new StringBuilder(2048);
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
    line(sb, "s=telerounds");
    line(sb, "t=0 0");
    line(sb, "a=ice-lite");
    StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
    for (Section s : sections) {
      if (s.direction() != null) bundle.append(' ').append(s.mid());
    }
    line(sb, bundle.toString());
    line(sb, "a=msid-semantic: WMS *");
    for (Section s : sections) {
      writeSection(sb, t, s);
    }
    return sb.toString();
  }

  private static void writeSection(StringBuilder sb, LocalTransport t, Section s) {
    String proto = "UDP/TLS/RTP/SAVPF";
    if (s.direction() == null) {
      line(sb, s.rejectedLine());
      line(sb, "c=IN IP4 0.0.0.0");
      if (s.mid() != null) line(sb, "a=mid:" + s.mid());
      line(sb, "a=inactive");
      return;
    }
    StringBuilder m = new StringBuilder("m=" + s.kind() + " 9 " + proto);
    s.codecs().forEach(c -> m.append(' ').append(c.payloadType()));
    line(sb, m.toString());
    line(sb, "c=IN IP4 0.0.0.0");
    line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
    line(sb, "a=ice-ufrag:" + t.ufrag());
    line(sb, "a=ice-pwd:" + t.pwd());
    line(sb, "a=fingerprint:sha-256 " + t.fingerprint());
    line(sb, "a=setup:" + t.setup());
    line(sb, "a=mid:" + s.mid());
    s.extmaps().forEach((id, uri) -> line(sb, "a=extmap:" + id + " " + uri));
    line(sb, "a=" + s.direction());
    if (s.msid() != null) line(sb, "a=msid:" + s.msid());
    line(sb, "a=rtcp-mux");
    line(sb, "a=rtcp-rsize");
    for (RtpCodec c : s.codecs()) {
      line(sb, "a=rtpmap:" + c.payloadType() + " " + c.rtpmap());
      c.feedback().forEach(fb -> line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb));
      if (c.fmtp() != null) line(sb, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
    }
    s.extraAttributes().forEach(a -> line(sb, "a=" + a));
    for (long[] g : s.ssrcGroupsFid()) line(sb, "a=ssrc-group:FID " + g[0] + " " + g[1]);
    for (Long ssrc : s.ssrcs()) {
      line(sb, "a=ssrc:" + ssrc + " cname:" + s.cname());
      if (s.msid() != null) line(sb, "a=ssrc:" + ssrc + " msid:" + s.msid());
    }
    int foundation = 1;
    for (String addr : t.addresses()) {
      line(sb, "a=candidate:" + foundation++ + " 1 udp " + UDP_PRIORITY + " " + addr + " " + t.port() + " typ host");
    }
    if (t.tcpPort() > 0) {
      for (String addr : t.addresses()) {
        line(sb, "a=candidate:" + foundation++ + " 1 tcp " + TCP_PRIORITY + " " + addr + " " + t.tcpPort()
            + " typ host tcptype passive");
      }
    }
    line(sb, "a=end-of-candidates");
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }
}
