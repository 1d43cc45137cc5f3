package dev.govengine.chain;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * web3j's HttpService over a response read as it is parsed. web3j's own reads each response whole into one array
 * first: an eth_getLogs answer of 10,000 logs is about 8 MB, copied into okio's segments and then into that array,
 * 19 % of all a backfill allocated (JFR, docs/BENCHMARKS.md "Indexer backfill"), each array a humongous object to
 * G1. Here the parser reads the body's stream; web3j closes it once parsed, and with it the response. The call's
 * timeout still covers the whole body. An HTTP error fails as web3j's does.
 */
final class StreamingHttpService extends HttpService {
    private final OkHttpClient http;

    StreamingHttpService(String url, OkHttpClient http) {
        super(url, http);
        this.http = http;
    }

    @Override
    protected InputStream performIO(String request) throws IOException {
        Request call = new Request.Builder()
                .url(getUrl())
                .headers(Headers.of(getHeaders()))
                .post(RequestBody.create(request, JSON_MEDIA_TYPE))
                .build();
        Response response = http.newCall(call).execute();
        ResponseBody body = response.body();
        if (response.isSuccessful() && body != null) {
            return body.byteStream();
        }
        try (response) {
            throw new ClientConnectionException("Invalid response received: " + response.code() + "; "
                    + (body == null ? "N/A" : body.string()));
        }
    }
}
