/**
 * Reading the JSON files that people write or edit: {@link dev.govengine.json.StrictJson} binds them to records
 * with Jackson and checks them with Bean Validation, and {@link dev.govengine.json.JsonFileException} names every
 * problem by its JSON path (and, for what Jackson refused, its line and column) in words meant for the file's
 * author. Depends on no other package of the engine but the address value type.
 */
package dev.govengine.json;
