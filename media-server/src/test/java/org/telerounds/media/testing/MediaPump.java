package org.telerounds.media.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a publisher's media on one thread: Opus-like audio every 20 ms and VP8-like video as
 * frames at {@code fps}, each frame a burst of packets so that the long-run rate is {@code
 * videoPacketsPerSecond} (the last packet of a frame has the marker bit). Sizes are whole RTP packet
 * sizes (12-byte header included), before SRTP. Payloads follow {@link MediaPayload}; the send time
 * is stamped immediately before {@link WebRtcTestClient#sendAudio}/{@code sendVideo}. If the
 * thread falls more than a second behind it skips ahead instead of bursting.
 */
public final class MediaPump implements AutoCloseable {
  private final WebRtcTestClient client;
  private final int audioPacketBytes;
  private final double videoPacketsPerSecond;
  private final int videoPacketBytes;
  private final int fps;
  private final AtomicLong audioSent = new AtomicLong();
  private final AtomicLong videoSent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /** {@code audioPacketBytes} 0 means no audio; {@code videoPacketsPerSecond} 0 means no video. */
  public MediaPump(WebRtcTestClient client, int audioPacketBytes, double videoPacketsPerSecond, int videoPacketBytes,
      int fps) {
    if (audioPacketBytes != 0 && audioPacketBytes < 12 + MediaPayload.MIN_LENGTH
        || videoPacketsPerSecond > 0 && videoPacketBytes < 12 + MediaPayload.MIN_LENGTH) {
      throw new IllegalArgumentException("packets must hold at least " + (12 + MediaPayload.MIN_LENGTH) + " bytes");
    }
    this.client = client;
    this.audioPacketBytes = audioPacketBytes;
    this.videoPacketsPerSecond = videoPacketsPerSecond;
    this.videoPacketBytes = videoPacketBytes;
    this.fps = fps;
    this.thread = new Thread(this::run, "media-pump-" + client.name());
    thread.setDaemon(true);
  }

  /** The load profile of the benchmarks: Opus 50 pkt/s of 100 B, VP8 1.5 Mbit/s in 1,200 B packets at 30 fps. */
  public static MediaPump cartProfile(WebRtcTestClient client) {
    return new MediaPump(client, 100, 1_500_000 / 8.0 / 1200, 1200, 30);
  }

  public MediaPump start() {
    thread.start();
    return this;
  }

  public long audioSent() { return audioSent.get(); }
  public long videoSent() { return videoSent.get(); }
  public long sendErrors() { return sendErrors.get(); }

  private void run() {
    byte[] audio = new byte[Math.max(audioPacketBytes - 12, MediaPayload.MIN_LENGTH)];
    byte[] video = new byte[Math.max(videoPacketBytes - 12, MediaPayload.MIN_LENGTH)];
    long audioPeriod = 20_000_000L;
    long framePeriod = 1_000_000_000L / fps;
    double perFrame = videoPacketsPerSecond / fps;
    long t0 = System.nanoTime();
    long nextAudio = t0;
    long nextFrame = t0;
    long frame = 0;
    long audioTs = 0;
    long audioIndex = 0;
    long videoIndex = 0;
    while (running) {
      long now = System.nanoTime();
      try {
        if (audioPacketBytes > 0 && now >= nextAudio) {
          MediaPayload.write(audio, audio.length, audioIndex, audioTs);
          MediaPayload.stampSendTime(audio, System.nanoTime());
          client.sendAudio(audioTs, audio, 0, audio.length);
          audioIndex++;
          audioSent.incrementAndGet();
          audioTs += 960;
          nextAudio += audioPeriod;
          if (now - nextAudio > 1_000_000_000L) nextAudio = now + audioPeriod;
        }
        if (videoPacketsPerSecond > 0 && now >= nextFrame) {
          int packets = (int) (Math.floor((frame + 1) * perFrame) - Math.floor(frame * perFrame));
          long ts = frame * (90_000L / fps);
          for (int i = 0; i < packets && running; i++) {
            MediaPayload.write(video, video.length, videoIndex, ts);
            MediaPayload.stampSendTime(video, System.nanoTime());
            client.sendVideo(ts, i == packets - 1, video, 0, video.length);
            videoIndex++;
            videoSent.incrementAndGet();
          }
          frame++;
          nextFrame += framePeriod;
          if (now - nextFrame > 1_000_000_000L) nextFrame = now + framePeriod;
        }
      } catch (IOException | RuntimeException e) {
        sendErrors.incrementAndGet();
        LockSupport.parkNanos(10_000_000L);
      }
      long next = Math.min(audioPacketBytes > 0 ? nextAudio : Long.MAX_VALUE,
          videoPacketsPerSecond > 0 ? nextFrame : Long.MAX_VALUE);
      long wait = next - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
