// The reference's contact listener (gym's ContactDetector, environments-reference §2.6): plain booleans, not counters.
#pragma once

#include "lunar_api.h"

#include <box2d/box2d.h>

namespace lunar {

struct ContactFlags {
  bool game_over = false;
  bool leg_contact[2] = {false, false};

  // BeginContact: the hull touching anything is a crash; a leg touching anything sets its flag.
  void begin(int32_t a, int32_t b) {
    if (a == LUNAR_LANDER || b == LUNAR_LANDER) game_over = true;
    for (int32_t leg = 0; leg < 2; leg++)
      if (a == LUNAR_LEG0 + leg || b == LUNAR_LEG0 + leg) leg_contact[leg] = true;
  }

  // EndContact: any contact of a leg ending clears its flag, even if another of its contacts persists (the reference).
  void end(int32_t a, int32_t b) {
    for (int32_t leg = 0; leg < 2; leg++)
      if (a == LUNAR_LEG0 + leg || b == LUNAR_LEG0 + leg) leg_contact[leg] = false;
  }
};

// Box2D calls these inside b2World::Step (narrow phase and continuous collision). Bodies carry their id in user data.
class ContactListener final : public b2ContactListener {
 public:
  explicit ContactListener(ContactFlags& flags) : flags_(flags) {}

  void BeginContact(b2Contact* contact) override { flags_.begin(id(contact->GetFixtureA()), id(contact->GetFixtureB())); }

  void EndContact(b2Contact* contact) override { flags_.end(id(contact->GetFixtureA()), id(contact->GetFixtureB())); }

 private:
  static int32_t id(b2Fixture* fixture) { return static_cast<int32_t>(fixture->GetBody()->GetUserData().pointer); }

  ContactFlags& flags_;
};

}  // namespace lunar
