package org.telerounds.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real encoded media for recorder tests, made by the ffmpeg the recorder uses (the PATH's, else
 * the bundled one unpacked privately), and RTP packets made from
 * it the way a browser would send them: Opus (20 ms per packet), VP8 (RFC 7741) and H.264
 * (RFC 6184 mode 1: single NAL units and FU-A).
 */
final class TestMedia {
  /** One RTP packet and when (ms after the start) it is sent. */
  record Packet(byte[] rtp, long atMillis) {}

  private TestMedia() {}

  private static org.telerounds.recorder.ffmpeg.FfmpegBinary binary;

  static synchronized String ffmpeg() throws IOException {
    if (binary == null) {
      Path dir = Files.createTempDirectory("telerounds-test-ffmpeg");
      dir.toFile().deleteOnExit();
      binary = org.telerounds.recorder.ffmpeg.FfmpegLocator.locate(
          org.telerounds.recorder.ffmpeg.FfmpegLocator.Source.AUTO, System.getenv("PATH"), dir);
      Runtime.getRuntime().addShutdownHook(new Thread(binary::close));
    }
    return binary.path().toString();
  }

  static void run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg failed: " + out);
  }

  static List<Packet> opus(Path dir, double seconds, int ssrc) throws Exception {
    Path f = dir.resolve("tone.ogg");
    run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(seconds), "-c:a", "libopus",
        "-b:a", "32k", "-frame_duration", "20", f.toString());
    List<byte[]> packets = oggPackets(Files.readAllBytes(f));
    List<Packet> out = new ArrayList<>();
    for (int i = 2; i < packets.size(); i++) { // skip OpusHead and OpusTags
      int n = i - 2;
      out.add(new Packet(rtp(111, n, 960L * n, ssrc, true, packets.get(i)), 20L * n));
    }
    return out;
  }

  static List<Packet> vp8(Path dir, double seconds, int ssrc) throws Exception {
    return vp8(dir, seconds, ssrc, "320x240", "400k");
  }

  /** VP8 of the given size ("1280x720") and bitrate ("1500k") at 15 fps. */
  static List<Packet> vp8(Path dir, double seconds, int ssrc, String frameSize, String bitrate) throws Exception {
    Path f = dir.resolve("video.ivf");
    run("-f", "lavfi", "-i", "testsrc=size=" + frameSize + ":rate=15", "-t", String.valueOf(seconds), "-c:v", "libvpx",
        "-g", "30", "-b:v", bitrate, "-deadline", "realtime", "-cpu-used", "8", f.toString());
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(32);
    List<Packet> out = new ArrayList<>();
    int seq = 0;
    int frame = 0;
    while (b.remaining() >= 12) {
      int size = b.getInt();
      b.getLong();
      byte[] data = new byte[size];
      b.get(data);
      long ts = 6000L * frame;
      for (int off = 0; off < size; off += 1000) {
        int len = Math.min(1000, size - off);
        byte[] payload = new byte[len + 1];
        payload[0] = (byte) (off == 0 ? 0x10 : 0x00); // S bit on the first packet, partition 0
        System.arraycopy(data, off, payload, 1, len);
        out.add(new Packet(rtp(96, seq++, ts, ssrc, off + len == size, payload), frame * 1000L / 15));
      }
      frame++;
    }
    return out;
  }

  static List<Packet> h264(Path dir, double seconds, int ssrc) throws Exception {
    return h264(dir, seconds, ssrc, "320x240", "400k");
  }

  /** H.264 baseline of the given size and bitrate at 15 fps. */
  static List<Packet> h264(Path dir, double seconds, int ssrc, String size, String bitrate) throws Exception {
    Path f = dir.resolve("video.h264");
    run("-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=15", "-t", String.valueOf(seconds), "-c:v", "libx264",
        "-b:v", bitrate, "-preset", "veryfast", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-g", "30", "-x264-params", "aud=1", "-f", "h264", f.toString());
    byte[] all = Files.readAllBytes(f);
    List<Packet> out = new ArrayList<>();
    int seq = 0;
    int frame = -1;
    List<int[]> nals = nals(all);
    for (int i = 0; i < nals.size(); i++) {
      int[] n = nals.get(i);
      int type = all[n[0]] & 0x1F;
      if (type == 9) {
        frame++;
        continue; // access unit delimiter: starts the next frame, not sent
      }
      boolean last = i + 1 == nals.size() || (all[nals.get(i + 1)[0]] & 0x1F) == 9;
      long ts = 6000L * frame;
      long at = frame * 1000L / 15;
      if (n[1] <= 1000) {
        byte[] payload = java.util.Arrays.copyOfRange(all, n[0], n[0] + n[1]);
        out.add(new Packet(rtp(102, seq++, ts, ssrc, last, payload), at));
      } else {
        int header = all[n[0]] & 0xFF;
        for (int off = 1; off < n[1]; off += 1000) {
          int len = Math.min(1000, n[1] - off);
          byte[] payload = new byte[len + 2];
          payload[0] = (byte) ((header & 0xE0) | 28);
          payload[1] = (byte) ((off == 1 ? 0x80 : 0) | (off + len == n[1] ? 0x40 : 0) | (header & 0x1F));
          System.arraycopy(all, n[0] + off, payload, 2, len);
          out.add(new Packet(rtp(102, seq++, ts, ssrc, last && off + len == n[1], payload), at));
        }
      }
    }
    return out;
  }

  /** [offset, length] of each NAL unit in an Annex B stream. */
  private static List<int[]> nals(byte[] b) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0 && (b[i + 2] == 1 || (b[i + 2] == 0 && b[i + 3] == 1))) {
        int s = b[i + 2] == 1 ? i + 3 : i + 4;
        starts.add(s);
        i = s - 1;
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int s = starts.get(k);
      int e = k + 1 < starts.size() ? starts.get(k + 1) - 3 : b.length;
      while (e > s && b[e - 1] == 0) e--;
      out.add(new int[] {s, e - s});
    }
    return out;
  }

  static byte[] rtp(int pt, int seq, long ts, int ssrc, boolean marker, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts).putInt(ssrc);
    b.put(payload);
    return b.array();
  }

  static List<byte[]> oggPackets(byte[] ogg) {
    List<byte[]> packets = new ArrayList<>();
    java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
    int p = 0;
    while (p + 27 <= ogg.length) {
      int segs = ogg[p + 26] & 0xFF;
      int data = p + 27 + segs;
      for (int i = 0; i < segs; i++) {
        int lace = ogg[p + 27 + i] & 0xFF;
        cur.write(ogg, data, lace);
        data += lace;
        if (lace < 255) {
          packets.add(cur.toByteArray());
          cur.reset();
        }
      }
      p = data;
    }
    return packets;
  }
}
