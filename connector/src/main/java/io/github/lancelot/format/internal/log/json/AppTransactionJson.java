package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.AppTransaction;
import java.util.Objects;

/** The {@code txn} action on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppTransactionJson(String appId, long version) {
  public static AppTransactionJson of(AppTransaction t) {
    return new AppTransactionJson(t.appId(), t.version());
  }

  public AppTransaction toAppTransaction() {
    return new AppTransaction(Objects.requireNonNull(appId, "txn without an appId"), version);
  }
}
