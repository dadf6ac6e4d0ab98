package org.telerounds.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a publisher's m-section says about simulcast (RFC 8853, RFC 8851): the RTP stream ids it
 * sends ({@code a=rid:<id> send}) in the order of its {@code a=simulcast:send} line, each possibly
 * paused ({@code ~}). Only the first alternative of each stream counts. Pure parsing: a section
 * with no usable simulcast yields {@link #NONE}, never an exception.
 */
public record Simulcast(List<Rid> rids) {
  /** Longest rid accepted (RFC 8851 allows 255; browsers use one or two characters). */
  public static final int MAX_RID_LENGTH = 16;
  /** Most layers accepted: three, as browsers and the cart send. */
  public static final int MAX_LAYERS = 3;
  public static final Simulcast NONE = new Simulcast(List.of());

  /** One announced stream: its rid and whether the offer starts it paused. */
  public record Rid(String id, boolean paused) {}

  public Simulcast {
    rids = List.copyOf(rids);
  }

  public boolean present() {
    return !rids.isEmpty();
  }

  /** The section's send-direction simulcast, or {@link #NONE}. */
  public static Simulcast sendOf(MediaSection m) {
    List<String> lines = m.attrs("simulcast");
    if (lines.isEmpty()) return NONE;
    String[] w = SdpText.words(lines.get(0).trim());
    if (w.length < 2 || !w[0].toLowerCase(Locale.ROOT).equals("send")) return NONE;
    List<String> announced = sendRids(m);
    List<Rid> out = new ArrayList<>();
    for (String stream : w[1].split(";")) {
      String first = stream.split(",")[0];
      boolean paused = first.startsWith("~");
      String id = paused ? first.substring(1) : first;
      if (!announced.contains(id) || out.stream().anyMatch(r -> r.id().equals(id))) continue;
      out.add(new Rid(id, paused));
      if (out.size() == MAX_LAYERS) break;
    }
    return out.size() < 2 ? NONE : new Simulcast(out);
  }

  /** Ids of the {@code a=rid:<id> send} lines that are well formed. */
  private static List<String> sendRids(MediaSection m) {
    List<String> out = new ArrayList<>();
    for (String v : m.attrs("rid")) {
      String[] w = SdpText.words(v.trim());
      if (w.length >= 2 && w[1].equals("send") && validId(w[0])) out.add(w[0]);
    }
    return out;
  }

  /** RFC 8851 rid-syntax: 1*(ALPHA / DIGIT / "-" / "_"), kept short. */
  static boolean validId(String id) {
    if (id.isEmpty() || id.length() > MAX_RID_LENGTH) return false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) return false;
    }
    return true;
  }

  /**
   * The rids from lowest to highest resolution. Simulcast SDP does not carry each stream's
   * scale-down-by, so the order comes from the names when all are the usual ones ({@code q < h <
   * f}, {@code low < mid < high}, {@code l < m}), as browsers' and the cart's encodings are named;
   * otherwise the offer's order is kept, read as lowest first (how libwebrtc lists sendEncodings).
   */
  public List<Rid> lowestFirst() {
    List<Rid> out = new ArrayList<>(rids);
    if (out.stream().allMatch(r -> rank(r.id()) >= 0)) out.sort(java.util.Comparator.comparingInt(r -> rank(r.id())));
    return out;
  }

  private static int rank(String id) {
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "q", "l", "low", "quarter" -> 0;
      case "h", "m", "mid", "half" -> 1;
      case "f", "high", "full" -> 2;
      default -> -1;
    };
  }

  /** The answer's attribute lines (without {@code a=}): {@code rid:<id> recv} each, then {@code simulcast:recv}. */
  public List<String> recvAttributes() {
    if (!present()) return List.of();
    List<String> out = new ArrayList<>();
    StringBuilder sim = new StringBuilder("simulcast:recv ");
    for (int i = 0; i < rids.size(); i++) {
      Rid r = rids.get(i);
      out.add("rid:" + r.id() + " recv");
      if (i > 0) sim.append(';');
      sim.append(r.paused() ? "~" : "").append(r.id());
    }
    out.add(sim.toString());
    return out;
  }
}
