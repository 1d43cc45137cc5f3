package dev.govengine.sync;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The last block of a chain whose logs are fully indexed; see V1__chain_cursor.sql. */
@Entity
@Table(name = "chain_cursor")
public class ChainCursor extends PanacheEntityBase {
    @Id
    public String chain;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(name = "indexed_block", nullable = false)
    public long indexedBlock;

    @Column(name = "indexed_hash", nullable = false)
    public String indexedHash;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
