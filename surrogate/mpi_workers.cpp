// SPDX-License-Identifier: Apache-2.0
#include "surrogate/mpi_workers.h"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <list>
#include <thread>

#include "surrogate/row_codec.h"

namespace sextant {

namespace {
constexpr int kTagRequest = 1;
constexpr int kTagRow = 2;
constexpr int kTagWork = 3;
constexpr int kTagStop = 4;
constexpr int kTagBye = 5;

std::string receive_text(const MPI_Status& status) {
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::string text(static_cast<std::size_t>(length), '\0');
  MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

void send_text(const std::string& text, int tag) {
  // MPI_Send takes a non-const buffer in older MPI headers.
  std::string copy = text;
  MPI_Send(copy.data(), static_cast<int>(copy.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
}
}  // namespace

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

bool MpiRemoteWorkers::service(const std::function<std::optional<std::int64_t>()>& next,
                               const std::function<void(const std::string& line)>& on_row) {
  bool handled = false;
  for (;;) {
    int waiting = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
    if (waiting == 0) return handled;
    handled = true;
    const std::string text = receive_text(status);
    if (status.MPI_TAG == kTagBye) {
      ++m_byes;
      continue;
    }
    if (!text.empty()) on_row(text);
    if (status.MPI_TAG != kTagRequest) continue;
    const std::optional<std::int64_t> index = next();
    if (index) {
      std::int64_t value = *index;
      MPI_Send(&value, 1, MPI_INT64_T, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_INT64_T, status.MPI_SOURCE, kTagStop, MPI_COMM_WORLD);
    }
  }
}

void run_mpi_worker(const RunSetup& setup, int jobs) {
  int outstanding = 0;
  bool stopped = false;
  std::list<SampleRun> running;
  // One request more than the worker slots: the next sample is already here when a slot
  // frees, so a worker never idles for a round trip to rank 0 between samples.
  std::deque<std::int64_t> queued;
  for (int j = 0; j < jobs + 1; ++j, ++outstanding) send_text("", kTagRequest);
  auto pause = std::chrono::microseconds(1000);
  while (!(stopped && outstanding == 0 && running.empty() && queued.empty())) {
    bool progressed = false;
    for (auto it = running.begin(); it != running.end();) {
      if (!it->poll()) {
        ++it;
        continue;
      }
      // Once told to stop, return rows without asking for more.
      if (stopped) {
        send_text(encode_row(it->row()), kTagRow);
      } else {
        send_text(encode_row(it->row()), kTagRequest);
        ++outstanding;
      }
      it = running.erase(it);
      progressed = true;
    }
    for (;;) {
      int waiting = 0;
      MPI_Status status;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
      if (waiting == 0) break;
      std::int64_t index = -1;
      MPI_Recv(&index, status.MPI_TAG == kTagWork ? 1 : 0, MPI_INT64_T, 0, status.MPI_TAG, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      --outstanding;
      progressed = true;
      if (status.MPI_TAG == kTagWork) {
        queued.push_back(index);
      } else {
        stopped = true;
      }
    }
    while (static_cast<int>(running.size()) < jobs && !queued.empty()) {
      running.emplace_back(setup.context, queued.front());
      queued.pop_front();
      progressed = true;
    }
    if (progressed) {
      pause = std::chrono::microseconds(1000);
    } else {
      std::this_thread::sleep_for(pause);
      if (pause < std::chrono::milliseconds(4)) pause *= 2;  // at most ~250 idle wake-ups/s
    }
  }
  send_text("", kTagBye);
}

}  // namespace sextant
