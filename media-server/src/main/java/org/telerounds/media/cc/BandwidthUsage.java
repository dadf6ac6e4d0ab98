package org.telerounds.media.cc;

/** What the delay signal says about the path: queues draining, steady, or building up. */
public enum BandwidthUsage {
  UNDERUSING,
  NORMAL,
  OVERUSING
}
