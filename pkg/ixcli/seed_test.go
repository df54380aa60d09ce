package ixcli

// seedLines is the seed write-up's final IX configuration (from `ike
// proposal` to `network 192.168.2.0/24`, without the `no ipsec
// local-id/remote-id` lines), indented as running-config shows it.
var seedLines = []string{
	"ike proposal ike-prop encryption aes hash sha group 1024-bit",
	"ike policy ike-policy1 peer 34.217.232.61 key pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z ike-prop",
	"ike policy ike-policy2 peer 54.69.109.228 key QAElJrXGVeBgHi.U292jVF3eLTATQXMQ ike-prop",
	"ip access-list sec-list permit ip src any dest any",
	"ipsec autokey-proposal ipsec-prop esp-aes esp-sha lifetime time 3600",
	"ipsec autokey-map ipsec-map1 sec-list peer 34.217.232.61 ipsec-prop pfs 1024-bit",
	"ipsec autokey-map ipsec-map2 sec-list peer 54.69.109.228 ipsec-prop pfs 1024-bit",
	"interface Tunnel0.0",
	"  tunnel mode ipsec",
	"  ip address 169.254.123.134/30",
	"  ip tcp adjust-mss auto",
	"  ipsec policy tunnel ipsec-map1 df-bit ignore pre-fragment out",
	"  no shutdown",
	"interface Tunnel1.0",
	"  tunnel mode ipsec",
	"  ip address 169.254.30.58/30",
	"  ip tcp adjust-mss auto",
	"  ipsec policy tunnel ipsec-map2 df-bit ignore pre-fragment out",
	"  no shutdown",
	"router bgp 65000",
	"  neighbor 169.254.123.133 remote-as 64512",
	"  neighbor 169.254.123.133 timers 10 30",
	"  neighbor 169.254.30.57 remote-as 64512",
	"  neighbor 169.254.30.57 timers 10 30",
	"  address-family ipv4 unicast",
	"    network 192.168.2.0/24",
}
