// A small OpenID Connect provider for the browser tests and CI: the npm package oidc-provider
// (package-lock.json), on loopback, with one client registered for the portal and test people
// in the council's directory. Its own development sign-in and consent pages stand in for the
// council's: the username typed there picks the person; any password is accepted.
//
//   OIDC_PORT=9031 OIDC_REDIRECT_URI=http://localhost:8000/accounts/oidc/council/login/callback/ \
//     node tests/oidc/provider.mjs
//
// It prints "ready <issuer>" once it listens, and stops when its standard input closes.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT || 9031);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.OIDC_REDIRECT_URI || "").split(",").filter(Boolean);

// The directory: group ids as Entra ID gives them (object ids), two people in different groups.
export const PEOPLE = {
  "amira.councillor": {
    email: "amira.hassan@wealdbridge.example",
    given_name: "Amira",
    family_name: "Hassan",
    groups: ["0b7d1c1e-councillors"],
  },
  "oliver.officer": {
    email: "oliver.price@wealdbridge.example",
    given_name: "Oliver",
    family_name: "Price",
    groups: ["5f2a9e4d-officers", "9c1d0a7b-all-staff"],
  },
  "sam.nogroup": {
    email: "sam.jones@wealdbridge.example",
    given_name: "Sam",
    family_name: "Jones",
    groups: ["9c1d0a7b-all-staff"],
  },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || "cpboard-portal",
      client_secret: process.env.OIDC_CLIENT_SECRET || "cpboard-test-secret",
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username", "groups"],
  },
  // The ID token carries the claims itself, as Entra ID's does, not only the userinfo answer.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["cpboard-test-provider-cookie-key"] },
  async findAccount(ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: person.email,
          email_verified: true,
          name: `${person.given_name} ${person.family_name}`,
          given_name: person.given_name,
          family_name: person.family_name,
          preferred_username: id,
          groups: person.groups,
        };
      },
    };
  },
});
provider.proxy = false;

const server = provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();
