package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.Protocol;

/** The {@code protocol} action on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProtocolJson(int readerVersion, int writerVersion) {
  public static ProtocolJson of(Protocol p) {
    return new ProtocolJson(p.readerVersion(), p.writerVersion());
  }

  public Protocol toProtocol() {
    return new Protocol(readerVersion, writerVersion);
  }
}
