# Varnish in front of Newsroom's app servers (`make serve-edge`; README, "Running at scale").
#
# It stores what the app marks public (Cache-Control: public, max-age, stale-while-revalidate)
# and nothing else: staff, previews, the admin and anyone carrying a personal cookie (a session,
# a pending comment, a saved name) go straight to an app server, and a response that sets a
# cookie or is private is never stored. Stored pages are retired by the app: a PURGE with an
# `xkey-purge` header naming tags retires every page carrying one of them (vmod xkey, from
# Debian's varnish-modules), a plain PURGE retires one address; only the app's addresses may.
#
# The site's own facts come from `manage.py edge_config`, which writes edge-site.vcl next to
# the files varnishd is given (vcl_path): the app servers, who may purge, the personal cookies
# (PAGE_CACHE_PERSONAL_COOKIES) and the paths never stored (PAGE_CACHE_NEVER_URL_NAMES).
vcl 4.1;

import directors;
import std;
import xkey;

include "edge-site.vcl";

sub vcl_recv {
    set req.backend_hint = newsroom_app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ newsroom_purgers) {
            return (synth(405, "Purges are taken from the site's own servers only"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    call newsroom_personal;
    # Any other cookie (a reader's consent choice, say) changes no page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # One copy per address; gzip is negotiated by Varnish itself (it stores the app's gzip).
    hash_data(req.url);
    hash_data(req.http.host);
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "public") {
        # Remembered as not storable for a while, so readers of it are not queued behind one
        # another (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # Varnish reads max-age (s-maxage first) and stale-while-revalidate from Cache-Control
    # itself: a page past its max-age is served at once while a fresh copy is fetched.
    call newsroom_in_flight;
    return (deliver);
}

sub vcl_deliver {
    # The tags are for this Varnish; readers get no list of what a page shows.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}
