/**
 * The YANG modules the simulator serves through get-schema (RFC 6022). They are shortened
 * versions of the published modules, holding only the nodes the simulator implements; each says so
 * in its description.
 */
export interface YangModule {
  name: string;
  revision: string;
  namespace: string;
  prefix: string;
  text: string;
}

const ABRIDGED = "Abridged by the Patchbay device simulator: only the nodes it implements.";

export const YANG_MODULES: readonly YangModule[] = [
  {
    name: "ietf-interfaces",
    revision: "2018-02-20",
    namespace: "urn:ietf:params:xml:ns:yang:ietf-interfaces",
    prefix: "if",
    text: `module ietf-interfaces {
  yang-version 1.1;
  namespace "urn:ietf:params:xml:ns:yang:ietf-interfaces";
  prefix if;

  organization "IETF NETMOD (Network Modeling) Working Group";
  description
    "A YANG data model for the management of network interfaces (RFC 8343).
     ${ABRIDGED}";

  revision 2018-02-20 {
    reference "RFC 8343: A YANG Data Model for Interface Management";
  }

  identity interface-type {
    description "Base identity from which specific interface types are derived.";
  }

  container interfaces {
    description "Interface parameters.";
    list interface {
      key "name";
      leaf name {
        type string;
      }
      leaf description {
        type string;
      }
      leaf type {
        type identityref {
          base interface-type;
        }
        mandatory true;
      }
      leaf enabled {
        type boolean;
        default "true";
      }
    }
  }
}
`,
  },
  {
    name: "ietf-ip",
    revision: "2018-02-22",
    namespace: "urn:ietf:params:xml:ns:yang:ietf-ip",
    prefix: "ip",
    text: `module ietf-ip {
  yang-version 1.1;
  namespace "urn:ietf:params:xml:ns:yang:ietf-ip";
  prefix ip;

  import ietf-interfaces {
    prefix if;
  }

  organization "IETF NETMOD (Network Modeling) Working Group";
  description
    "IP configuration of interfaces (RFC 8344).
     ${ABRIDGED}";

  revision 2018-02-22 {
    reference "RFC 8344: A YANG Data Model for IP Management";
  }

  augment "/if:interfaces/if:interface" {
    container ipv4 {
      presence "Enables IPv4 unless the 'enabled' leaf is 'false'.";
      list address {
        key "ip";
        leaf ip {
          type string;
        }
        choice subnet {
          mandatory true;
          leaf prefix-length {
            type uint8 {
              range "0..32";
            }
          }
          leaf netmask {
            type string;
          }
        }
      }
    }
  }
}
`,
  },
  {
    name: "ietf-system",
    revision: "2014-08-06",
    namespace: "urn:ietf:params:xml:ns:yang:ietf-system",
    prefix: "sys",
    text: `module ietf-system {
  namespace "urn:ietf:params:xml:ns:yang:ietf-system";
  prefix sys;

  organization "IETF NETMOD (NETCONF Data Modeling Language) Working Group";
  description
    "System management (RFC 7317).
     ${ABRIDGED}";

  revision 2014-08-06 {
    reference "RFC 7317: A YANG Data Model for System Management";
  }

  container system {
    description "System group configuration.";
    leaf hostname {
      type string {
        length "1..253";
      }
      description "The name of the host.";
    }
  }
}
`,
  },
  {
    name: "devsim-routes",
    revision: "2026-11-23",
    namespace: "urn:patchbay:devsim:routes",
    prefix: "rt",
    text: `module devsim-routes {
  yang-version 1.1;
  namespace "urn:patchbay:devsim:routes";
  prefix rt;

  organization "Patchbay";
  description
    "Generated static routes of the Patchbay device simulator: a configuration subtree whose size
     is set by the simulator's routes option, for measuring large replies.";

  revision 2026-11-23 {
    description "Initial revision.";
  }

  container routes {
    config true;
    list route {
      key "prefix";
      leaf prefix {
        type string;
      }
      leaf next-hop {
        type string;
      }
      leaf metric {
        type uint32;
      }
      leaf description {
        type string;
      }
    }
  }
}
`,
  },
];
