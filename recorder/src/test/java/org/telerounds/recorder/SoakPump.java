package org.telerounds.recorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.testing.WebRtcTestClient;

/**
 * Sends real encoded media (Opus and VP8 RTP from {@link TestMedia}) for every soak publisher, on
 * one thread, in real time: a clip of a few seconds is looped with sequence numbers and timestamps
 * carried on, and each packet is rewritten to its publisher's SSRC. Counts what each publisher sent:
 * audio packets and video frames (packets with the marker bit), which the recording must hold.
 */
final class SoakPump implements AutoCloseable {
  /** One looped track: its packets (RTP, in send order) and the timestamp step of one loop. */
  record Clip(List<TestMedia.Packet> packets, long loopTimestamp, int clockRate) {
    static Clip of(List<TestMedia.Packet> packets, long step, int clockRate) {
      long last = RtpHeader.timestamp(packets.get(packets.size() - 1).rtp(), 0, 12);
      long first = RtpHeader.timestamp(packets.get(0).rtp(), 0, 12);
      return new Clip(packets, last - first + step, clockRate);
    }
  }

  /** One publisher's progress through its clips. */
  static final class Sender {
    final WebRtcTestClient client;
    final long offsetNanos;
    final Track audio;
    final Track video;
    volatile long errors;

    Sender(WebRtcTestClient client, long offsetNanos, Clip audio, Clip video) {
      this.client = client;
      this.offsetNanos = offsetNanos;
      this.audio = new Track(audio, client.audioSsrc());
      this.video = new Track(video, client.videoSsrc());
    }

    long audioSent() { return audio.packets; }
    long videoFramesSent() { return video.frames; }
    long videoPacketsSent() { return video.packets; }
  }

  /** Where one track of one publisher is in its clip. */
  static final class Track {
    final Clip clip;
    final long ssrc;
    final byte[] buf = new byte[1500];
    int index;
    long loop;
    int seq;
    volatile long packets;
    volatile long frames;

    Track(Clip clip, long ssrc) {
      this.clip = clip;
      this.ssrc = ssrc;
    }

    /** Send time (ns after the pump's start, before the publisher's offset) of the next packet. */
    long nextNanos() {
      long ts = RtpHeader.timestamp(clip.packets().get(index).rtp(), 0, 12) + loop * clip.loopTimestamp();
      return ts * 1_000_000_000L / clip.clockRate();
    }
  }

  private final List<Sender> senders = new CopyOnWriteArrayList<>();
  private final Thread thread = new Thread(this::run, "soak-pump");
  private volatile boolean running = true;
  private long start;

  SoakPump add(Sender s) {
    senders.add(s);
    return this;
  }

  List<Sender> senders() { return senders; }

  SoakPump start() {
    start = System.nanoTime();
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      long now = System.nanoTime() - start;
      for (Sender s : senders) {
        sendDue(s, s.audio, now - s.offsetNanos, false);
        sendDue(s, s.video, now - s.offsetNanos, true);
      }
      LockSupport.parkNanos(2_000_000L);
    }
  }

  private static void sendDue(Sender s, Track t, long now, boolean video) {
    List<TestMedia.Packet> ps = t.clip.packets();
    while (now >= 0 && t.nextNanos() <= now) {
      byte[] src = ps.get(t.index).rtp();
      System.arraycopy(src, 0, t.buf, 0, src.length);
      RtpHeader.setSequenceNumber(t.buf, 0, t.seq++ & 0xFFFF);
      RtpHeader.setTimestamp(t.buf, 0, RtpHeader.timestamp(src, 0, 12) + t.loop * t.clip.loopTimestamp());
      RtpHeader.setSsrc(t.buf, 0, t.ssrc);
      try {
        s.client.sendRtp(t.buf, 0, src.length);
        t.packets++;
        if (video && RtpHeader.marker(src, 0, src.length)) t.frames++;
      } catch (Exception e) {
        s.errors++;
      }
      if (++t.index == ps.size()) {
        t.index = 0;
        t.loop++;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
